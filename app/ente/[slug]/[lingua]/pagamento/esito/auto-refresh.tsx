'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** Re-asks the server every few seconds while the receipt is on its way; gives up politely after a while. */
export function AutoRefresh({ locale, everyMs = 3000, maxTries = 40 }: { locale: Locale; everyMs?: number; maxTries?: number }) {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries >= maxTries) return;
    const timer = setTimeout(() => {
      router.refresh();
      setTries((t) => t + 1);
    }, everyMs);
    return () => clearTimeout(timer);
  }, [tries, everyMs, maxTries, router]);
  return tries >= maxTries ? <p className="mt-4 text-muted">{translate(locale, 'Outcome')('slow')}</p> : null;
}
