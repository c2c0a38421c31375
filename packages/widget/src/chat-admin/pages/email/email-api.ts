import type { SupportAddressConfirm, SupportAddressList, SupportAddressesBody } from '@parley/protocol/admin';
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

  /** Enters the code mailed to a waiting address. */
  confirm(body: SupportAddressConfirm): Promise<SupportAddressList> {
    return this.api.request('POST', '/support-addresses/confirm', body);
  }

  /** Mails a waiting address a new code. */
  resend(address: string): Promise<unknown> {
    return this.api.request('POST', '/support-addresses/resend', { address });
  }
}
