/** One payment option printed on the avviso: the single payment or one instalment, each with its own notice number. */
export interface NoticePayment {
  noticeNumber: string;
  amountCents: number;
  dueDate: string | null;
}

export interface NoticeDocumentData {
  subject: string;
  /** The position the avviso was asked for (its title, file name). */
  noticeNumber: string;
  amountCents: number;
  dueDate: string | null;
  /** The «Rata unica» block: the single payment, or none when only instalments are left to pay. */
  single: NoticePayment | null;
  /** The «Rate multiple» blocks, in order; empty for a position without a plan. */
  instalments: NoticePayment[];
  ente: {
    name: string;
    fiscalCode: string;
    cbill: string | null;
    sector?: string;
    info: string;
    /** ENTE.CANALE.ONLINE: the Ente's name when its own portal takes payments, which is the case here. */
    payableOnSiteOf: string | null;
    logo?: { data: Buffer; format: 'png' | 'jpg' };
    /** The Poste block is printed only when the Ente collects on a conto corrente postale. */
    postal?: { accountNumber: string; holder: string; authorization: string | null };
  };
  debtor: { fiscalCode: string | null; fullName: string | null; address?: string | null };
  /** Who runs the portal that issued the avviso (the configured provider), if any. */
  portalProvider?: string;
}
