import { StandaloneShell } from '@/app/_components/standalone-shell';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export default async function ProvinciaLayout({ children }: { children: React.ReactNode }) {
  await requireProvinciaHost();
  return <StandaloneShell>{children}</StandaloneShell>;
}
