'use client';

import { ErrorMessage } from '@/app/_components/error-message';

export default function BackOfficeError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorMessage digest={error.digest} reset={reset} />;
}
