import { requestLog } from '@/lib/logger';

/*
 * One log line per stage of a payment, from the form to the receipt and the outcome page, each with the
 * request id (requestLog) and the payment's key: its notice numbers and, once there is one, its cart id. A
 * search for a notice number finds the whole story, across requests and instances. The key is no personal
 * data: never names, fiscal codes or amounts here.
 */

export type PaymentStage = 'cart_created' | 'checkout_redirect' | 'push_received' | 'receipt_appended' | 'outcome_page';

const MESSAGES: Record<PaymentStage, string> = {
  cart_created: 'pagamento: carrello creato',
  checkout_redirect: 'pagamento: pagatore inviato al checkout',
  push_received: 'pagamento: notifica del partner conservata',
  receipt_appended: 'pagamento: esito della ricevuta registrato',
  outcome_page: 'pagamento: pagina di esito mostrata',
};

export interface PaymentKey {
  noticeNumbers: readonly string[];
  cartId?: string;
}

export function logPaymentStage(stage: PaymentStage, key: PaymentKey, details: Record<string, string | number | null> = {}): void {
  requestLog().info({ event: 'payment', stage, ...key, ...details }, MESSAGES[stage]);
}
