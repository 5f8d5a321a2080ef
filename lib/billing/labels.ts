import type { FeeEnteKind } from '@/lib/fees';

export const ENTE_KIND_LABELS: Record<FeeEnteKind, string> = {
  comune: 'Comune',
  unione: 'Unione di Comuni',
  comunita_montana: 'Comunità Montana',
  altro: 'Altro Ente',
};
