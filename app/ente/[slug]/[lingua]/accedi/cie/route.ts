export { cieLoginGET as GET } from '@/lib/auth/saml/start-login';
