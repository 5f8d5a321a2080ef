import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { MessagesTable } from '@/app/_components/notifications/messages-table';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { listFailedMessages } from '@/lib/notifications/queries';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

export const metadata: Metadata = { title: 'Messaggi non inviati' };

const PAGE_SIZE = 30;

/** The messages to citizens that could not be delivered (waiting for a retry, or given up), to check and send again. */
export default async function FailedMessagesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: SearchParams;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, ['ente_admin', 'ente_operator']);
  const after = singleParam((await searchParams).dopo);
  const page = await listFailedMessages(await getDb(), ente.id, staff, { after, limit: PAGE_SIZE });
  return (
    <>
      <h1 className="text-3xl font-bold">Messaggi non inviati</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Messaggi ai cittadini (ricevute, nuovi avvisi, promemoria) che il server di posta o App IO hanno rifiutato. Quelli «non riusciti»
        vengono ritentati da soli; quelli rifiutati o con i tentativi esauriti aspettano te: leggi l’errore, correggi l’indirizzo del
        debitore o la chiave di App IO se serve e inviali di nuovo.
      </p>
      {page.lines.length === 0 ? (
        <p className="mt-6 text-lg">Nessun messaggio da controllare.</p>
      ) : (
        <MessagesTable label="Messaggi non inviati" messages={page.lines} mayRetry />
      )}
      <CursorPager
        label="Pagine dei messaggi non inviati"
        first={after ? { href: '/admin/notifiche', text: 'Ai più recenti' } : null}
        next={page.nextCursor ? { href: `/admin/notifiche?dopo=${page.nextCursor}`, text: 'Messaggi precedenti' } : null}
      />
    </>
  );
}
