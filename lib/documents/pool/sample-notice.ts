import type { NoticeDocumentData } from '../avviso/notice-document-data';

/** An avviso with every block but the logo, rendered once by each new thread to warm it up. */
export const SAMPLE_NOTICE: NoticeDocumentData = {
  subject: 'Avviso di prova',
  noticeNumber: '301000000000000117',
  amountCents: 12_050,
  dueDate: '2027-06-30',
  single: { noticeNumber: '301000000000000117', amountCents: 12_050, dueDate: '2027-06-30' },
  instalments: [],
  ente: {
    name: 'Comune di Prova',
    fiscalCode: '00000000000',
    cbill: 'AAAAA',
    info: 'www.comune.prova.it',
    payableOnSiteOf: 'Comune di Prova',
    postal: { accountNumber: '000012345678', holder: 'Comune di Prova', authorization: null },
  },
  debtor: { fiscalCode: 'RSSMRA80A01B157X', fullName: 'Mario Rossi' },
};
