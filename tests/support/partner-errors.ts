import { PartnerRejectedError } from '@/lib/partners/types';

/** Awaits a partner call that must fail for good, and gives its PartnerRejectedError for further checks. */
export async function rejection(promise: Promise<unknown>): Promise<PartnerRejectedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PartnerRejectedError);
  return error as PartnerRejectedError;
}
