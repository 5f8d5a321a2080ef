import { headers } from 'next/headers';
import { SectionNav } from '@/app/_components/section-nav';
import { StaffBar } from '@/app/_components/staff-bar';
import { getDb } from '@/db';
import { NO_ACCOUNT, decideEnteAccess } from '@/lib/auth/access';
import { currentSession } from '@/lib/auth/auth';
import { ENTE_ROLE_LABELS } from '@/lib/auth/users';
import { BACK_OFFICE_SECTIONS } from '@/lib/backoffice/nav';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { REQUEST_PATH_HEADER } from '@/lib/tenancy/routing';

/**
 * The frame of every back-office page: who is signed in and the sections their role may open. It never
 * refuses: each page checks its own roles with requireEnteStaff (which redirects, or answers 403 and audits
 * once), and a layout is not re-run on every navigation anyway.
 */
export default async function BackOfficeLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const session = await currentSession();
  const decision = session
    ? await decideEnteAccess(await getDb(), session.userId ?? NO_ACCOUNT, ente.id, ['ente_admin', 'ente_operator', 'ente_viewer'])
    : undefined;
  if (decision?.kind !== 'ok') return children;
  const staff = decision.staff;
  const path = (await headers()).get(REQUEST_PATH_HEADER)?.split(' ')[1] ?? '/admin';
  const sections = BACK_OFFICE_SECTIONS.filter((s) => s.roles.includes(staff.role));
  return (
    <div className="container-page py-6">
      <StaffBar name={staff.fullName} roleLabel={ENTE_ROLE_LABELS[staff.role]} />
      <SectionNav label="Area riservata" sections={sections} path={path} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
