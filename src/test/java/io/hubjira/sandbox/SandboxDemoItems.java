package io.hubjira.sandbox;

import java.util.List;
import java.util.Map;

import io.hubjira.hubspottojira.PollTrigger;
import io.hubjira.item.ConditionalRule;
import io.hubjira.item.FieldMapping;
import io.hubjira.item.FieldOwner;
import io.hubjira.item.ItemDefinition;
import io.hubjira.item.ItemService;
import io.hubjira.item.SyncMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The sandbox demo: once the connections to the simulators exist, one Smart Connected Item of each mode is wired
 * between the demo portal and the demo Jira site (only when no item exists yet) and the poll runs at once, so a
 * newcomer sees records flow.
 */
@Component
@Profile("sandbox")
public class SandboxDemoItems {

    private static final Logger log = LoggerFactory.getLogger(SandboxDemoItems.class);

    private final ItemService items;
    private final PollTrigger poll;
    private final boolean enabled;

    public SandboxDemoItems(ItemService items, PollTrigger poll, @Value("${connector.sandbox.demo-items:true}") boolean enabled) {
        this.items = items;
        this.poll = poll;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(20)
    public void wireDemoItems() {
        if (!enabled || !items.list().isEmpty()) {
            return;
        }
        try {
            for (ItemDefinition d : demoItems()) {
                items.create(d);
            }
            log.info("Sandbox demo: {} Smart Connected Items wired between the demo portal and the demo Jira site", items.list().size());
            // the first backfill now, not at the next scheduled poll: a newcomer sees issues within seconds
            poll.runNow();
        } catch (RuntimeException e) {
            log.warn("Sandbox demo items could not be created: {}", e.getMessage());
        }
    }

    static List<ItemDefinition> demoItems() {
        return List.of(
                new ItemDefinition("Deal preview", SyncMode.DISPLAY_ONLY, "CRM", "deals", List.of("SUP", "ENG"), null,
                        List.of("dealname", "amount", "dealstage", "dealtype"), List.of(), false, true, false, Map.of(), false, false, null, true, null, null, null, null, null, null, null),
                new ItemDefinition("Support tickets", SyncMode.ONE_WAY, "CRM", "tickets", List.of("SUP"), "10001", List.of(),
                        List.of(new FieldMapping("subject", "summary", null, null), new FieldMapping("content", "description", null, null),
                                new FieldMapping("hs_ticket_priority", "priority", null, null)),
                        true, true, true, Map.of(), true, true, null, true, null, null, null, null, null, null, null),
                new ItemDefinition("New business deals", SyncMode.TWO_WAY, "CRM", "deals", List.of("SUP"), "10003", List.of(),
                        List.of(new FieldMapping("dealname", "summary", null, null), new FieldMapping("description", "description", null, null),
                                new FieldMapping("amount", "customfield_10012", null, null), new FieldMapping("dealtype", "customfield_10013", null, null)),
                        true, true, true, Map.of(), true, true,
                        new ConditionalRule("dealtype", "EQUALS", "newbusiness", "To Do", false, null), true, null, null, null, null, null, null, null),
                new ItemDefinition("Customer projects", SyncMode.CUSTOM, "CUSTOM", "2-9001", List.of("ENG"), "10001", List.of(),
                        List.of(new FieldMapping("project_name", "summary", FieldOwner.HUBSPOT, null),
                                new FieldMapping("budget", "customfield_10012", FieldOwner.JIRA, null)),
                        true, false, true, Map.of(), true, false, null, true, null, null, null, null, null, null, null));
    }
}
