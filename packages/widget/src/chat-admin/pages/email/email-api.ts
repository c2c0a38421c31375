import type { SupportAddressList, SupportAddressesBody } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

/** The Email page's calls: the site's support addresses (admins set them). */
export class EmailApi extends AreaApi {
  /** The site's support addresses, and how mail reaches the relay. */
  addresses(): Promise<SupportAddressList> {
    return this.api.request('GET', '/support-addresses');
  }

  /** Replaces the whole list. */
  saveAddresses(body: SupportAddressesBody): Promise<SupportAddressList> {
    return this.api.request('PUT', '/support-addresses', body);
  }
}
