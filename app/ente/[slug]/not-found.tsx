import { EntePageNotFound } from '@/app/_components/ente-not-found-messages';

export default function EntePageNotFoundBoundary() {
  return <EntePageNotFound />;
}
