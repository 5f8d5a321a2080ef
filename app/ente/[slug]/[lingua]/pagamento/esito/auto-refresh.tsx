'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

/** Re-asks the server every few seconds while the receipt is on its way; gives up politely after a while. */
export function AutoRefresh({ everyMs = 3000, maxTries = 40 }: { everyMs?: number; maxTries?: number }) {
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
  return tries >= maxTries ? (
    <p className="mt-4 text-muted">
      La conferma sta richiedendo più del solito. Puoi chiudere questa pagina: la ricevuta arriverà comunque e potrai riaprire questo
      indirizzo più tardi.
    </p>
  ) : null;
}
