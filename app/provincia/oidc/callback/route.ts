export { finishOidcLogin as GET } from '@/lib/auth/oidc/routes';
