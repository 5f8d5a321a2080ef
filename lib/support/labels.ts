import type { supportCategory, supportStatus } from '@/db/schema';

export type SupportCategory = (typeof supportCategory.enumValues)[number];
export type SupportStatus = (typeof supportStatus.enumValues)[number];

export const SUPPORT_CATEGORY_LABELS: Record<SupportCategory, string> = {
  pagamenti: 'Pagamenti',
  posizioni: 'Posizioni debitorie',
  importazioni: 'Importazioni',
  catalogo: 'Catalogo dei servizi',
  accesso: 'Accesso e personale',
  partner: 'Partner tecnologico',
  adesione: 'Adesione al servizio',
  altro: 'Altro',
};

export const SUPPORT_STATUS_LABELS: Record<SupportStatus, string> = {
  aperta: 'Aperta',
  in_lavorazione: 'In lavorazione',
  in_attesa_ente: 'In attesa dell’Ente',
  chiusa: 'Chiusa',
};

export const SUPPORT_CATEGORIES = Object.keys(SUPPORT_CATEGORY_LABELS) as [SupportCategory, ...SupportCategory[]];
export const SUPPORT_STATUSES = Object.keys(SUPPORT_STATUS_LABELS) as [SupportStatus, ...SupportStatus[]];
