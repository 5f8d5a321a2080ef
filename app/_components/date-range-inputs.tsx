import { LabelledInput } from './labelled-field';

/** «Dal» and «Al» of a plain GET filter form (both days included), named `dal` and `al` as the date-range schemas read them. */
export function DateRangeInputs({ values, errors }: { values: Record<string, string | undefined>; errors: Record<string, string> }) {
  return (
    <>
      <LabelledInput
        id="dal"
        name="dal"
        label="Dal"
        help="Giorno incluso"
        type="date"
        optional
        defaultValue={values.dal ?? ''}
        error={errors.dal}
      />
      <LabelledInput
        id="al"
        name="al"
        label="Al"
        help="Giorno incluso"
        type="date"
        optional
        defaultValue={values.al ?? ''}
        error={errors.al}
      />
    </>
  );
}
