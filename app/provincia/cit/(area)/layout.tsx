import { headers } from 'next/headers';
import { SectionNav } from '@/app/_components/section-nav';
import { StaffBar } from '@/app/_components/staff-bar';
import { getDb } from '@/db';
import { NO_ACCOUNT, decideCitAccess } from '@/lib/auth/access';
import { currentSession } from '@/lib/auth/auth';
import { platformRoleLabel } from '@/lib/auth/users';
import { CIT_SECTIONS } from '@/lib/cit/nav';
import { currentProvider } from '@/lib/provider/current';
import { REQUEST_PATH_HEADER } from '@/lib/tenancy/routing';

/**
 * The frame of every CIT page: who is signed in and the sections their role may open. Like the back
 * office's, it never refuses: each page checks its own roles with requireCitStaff.
 */
export default async function CitLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  const decision = session ? await decideCitAccess(await getDb(), session.userId ?? NO_ACCOUNT, ['cit_admin', 'cit_operator']) : undefined;
  if (decision?.kind !== 'ok') return children;
  const staff = decision.staff;
  const provider = await currentProvider();
  const path = (await headers()).get(REQUEST_PATH_HEADER)?.split(' ')[1] ?? '/cit';
  const sections = CIT_SECTIONS.filter((s) => s.roles.includes(staff.role));
  return (
    <div className="container-page py-6">
      <StaffBar name={staff.fullName} roleLabel={platformRoleLabel(staff.role, provider.serviceCentreShortName)} />
      <SectionNav label="Cruscotto del portale" sections={sections} path={path} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
