export { startOidcLogin as GET } from '@/lib/auth/oidc/routes';
