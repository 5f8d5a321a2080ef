export { spidMetadataGET as GET } from '@/lib/auth/saml/metadata-route';
