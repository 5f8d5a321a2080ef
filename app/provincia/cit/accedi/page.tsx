import type { Metadata } from 'next';
import { LoginPage } from '@/app/_components/login-page';

export const metadata: Metadata = { title: 'Accesso CIT' };

export default function CitLogin() {
  return <LoginPage title="Cruscotto CIT" intro="Accesso per il personale del Centro Innovazione e Tecnologie." />;
}
