// Written by scripts/contributions.mjs from test/fakes/<area>-fake.ts: do not edit.
import { FakeRequests } from './fake-requests.js';
import { withAi } from './ai-fake.js';
import { withApiChannels } from './api-channels-fake.js';
import { withAttachments } from './attachments-fake.js';
import { withAttributes } from './attributes-fake.js';
import { withAutomations } from './automations-fake.js';
import { withBroadcasts } from './broadcasts-fake.js';
import { withCampaigns } from './campaigns-fake.js';
import { withCompanies } from './companies-fake.js';
import { withDeliveries } from './deliveries-fake.js';
import { withDesk } from './desk-fake.js';
import { withEmailOriginal } from './email-original-fake.js';
import { withEmailStart } from './email-start-fake.js';
import { withExport } from './export-fake.js';
import { withFaq } from './faq-fake.js';
import { withHelp } from './help-fake.js';
import { withMailboxes } from './mailboxes-fake.js';
import { withMerge } from './merge-fake.js';
import { withMessagingChannels } from './messaging-channels-fake.js';
import { withModeration } from './moderation-fake.js';
import { withNotifications } from './notifications-fake.js';
import { withPrechatForm } from './prechat-form-fake.js';
import { withReplyDelivery } from './reply-delivery-fake.js';
import { withReports } from './reports-fake.js';
import { withRoles } from './roles-fake.js';
import { withRouting } from './routing-fake.js';
import { withRules } from './rules-fake.js';
import { withSafety } from './safety-fake.js';
import { withScheduled } from './scheduled-fake.js';
import { withSettings } from './settings-fake.js';
import { withSites } from './sites-fake.js';
import { withSla } from './sla-fake.js';
import { withSnooze } from './snooze-fake.js';
import { withSso } from './sso-fake.js';
import { withSupportAddresses } from './support-fake.js';
import { withTeam } from './team-fake.js';
import { withTokens } from './tokens-fake.js';
import { withViews } from './views-fake.js';
import { withWebhooks } from './webhooks-fake.js';
import { withWhatsApp } from './whatsapp-fake.js';
import { withWidgetStrings } from './widget-strings-fake.js';

/** Every area's fake (its state, its methods and its routes) over the generic call: what `FakeApi` extends. */
export const FakeAreas = withAi(
  withApiChannels(
    withAttachments(
      withAttributes(
        withAutomations(
          withBroadcasts(
            withCampaigns(
              withCompanies(
                withDeliveries(
                  withDesk(
                    withEmailOriginal(
                      withEmailStart(
                        withExport(
                          withFaq(
                            withHelp(
                              withMailboxes(
                                withMerge(
                                  withMessagingChannels(
                                    withModeration(
                                      withNotifications(
                                        withPrechatForm(
                                          withReplyDelivery(
                                            withReports(
                                              withRoles(
                                                withRouting(
                                                  withRules(
                                                    withSafety(
                                                      withScheduled(
                                                        withSettings(
                                                          withSites(
                                                            withSla(
                                                              withSnooze(
                                                                withSso(
                                                                  withSupportAddresses(
                                                                    withTeam(
                                                                      withTokens(
                                                                        withViews(
                                                                          withWebhooks(
                                                                            withWhatsApp(
                                                                              withWidgetStrings(FakeRequests),
                                                                            ),
                                                                          ),
                                                                        ),
                                                                      ),
                                                                    ),
                                                                  ),
                                                                ),
                                                              ),
                                                            ),
                                                          ),
                                                        ),
                                                      ),
                                                    ),
                                                  ),
                                                ),
                                              ),
                                            ),
                                          ),
                                        ),
                                      ),
                                    ),
                                  ),
                                ),
                              ),
                            ),
                          ),
                        ),
                      ),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  ),
);
