import type { Ente } from '@/db/schema';

/** The partner tecnologico's name as staff know it. */
export const PARTNER_LABELS: Record<NonNullable<Ente['partner']>, string> = {
  sandbox: 'Partner di prova (sandbox)',
  nordcom_tim: 'NordCom-TIM',
  unimatica: 'Unimatica',
  maggioli: 'Maggioli',
  dedagroup: 'Dedagroup',
};
