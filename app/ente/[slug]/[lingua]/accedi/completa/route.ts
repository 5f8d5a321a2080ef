export { GET } from '@/lib/auth/complete-login-route';
