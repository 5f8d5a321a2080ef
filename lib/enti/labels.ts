import type { Ente } from '@/db/schema';

export const ENTE_KIND_LABELS: Record<Ente['kind'], string> = {
  comune: 'Comune',
  unione: 'Unione di Comuni',
  comunita_montana: 'Comunità Montana',
  altro: 'Altro Ente',
};
