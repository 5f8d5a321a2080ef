/** What every server action answers: data, or an Italian message (and per-field messages) for the person. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export interface ActionFailure {
  ok: false;
  error: string;
  fieldErrors?: Record<string, string>;
}

/** An expected refusal: its message is shown to the person as it is. Anything else is logged and hidden. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}
