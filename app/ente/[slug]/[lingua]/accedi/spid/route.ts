export { spidLoginGET as GET } from '@/lib/auth/saml/start-login';
