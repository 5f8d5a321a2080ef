import type { PartnerResolver } from '@/lib/partners/registry';
import type { PartnerCapability, PaymentPartner } from '@/lib/partners/types';

/** What a fake partner was asked, in order: `operation notice-or-id`. */
export type CallLog = string[];

/**
 * An in-test partner: every operation succeeds and is logged unless `overrides` (given the log) says otherwise. The
 * real adapters (GovPay, GPD) have their own contract tests; these tests are about what the core asks.
 */
export function fakePartner(
  capabilities: PartnerCapability[],
  overrides: (calls: CallLog) => Partial<Omit<PaymentPartner, 'code' | 'capabilities'>> = () => ({}),
): { partner: PaymentPartner; calls: CallLog; resolvePartner: PartnerResolver } {
  const calls: CallLog = [];
  const partner: PaymentPartner = {
    code: 'dedagroup',
    capabilities: new Set(capabilities),
    async registerPosition(_ctx, position) {
      calls.push(`register ${position.noticeNumber}`);
    },
    async startCheckout(_ctx, request) {
      calls.push(`checkout ${request.cartId}`);
      return { sessionId: `s-${request.cartId}`, redirectUrl: `https://checkout.test/${request.cartId}` };
    },
    async fetchNoticeStatus(_ctx, noticeNumber) {
      calls.push(`status ${noticeNumber}`);
      return { state: 'unpaid' };
    },
    ...overrides(calls),
  };
  return { partner, calls, resolvePartner: () => partner };
}
