package io.hubjira.hubspot;

import java.util.List;
import java.util.Map;

/**
 * A batch call HubSpot did only in part (207), seen by a caller that needs every input: it carries the first input's
 * error (status, category) and is retryable when a later try may help any of the failed inputs.
 */
public class HubSpotBatchException extends HubSpotApiException {

    private final Map<?, HubSpotApiException> failed;

    HubSpotBatchException(Map<?, HubSpotApiException> failed) {
        this(failed, failed.values().iterator().next());
    }

    private HubSpotBatchException(Map<?, HubSpotApiException> failed, HubSpotApiException first) {
        super(first.status(), first.endpoint(), first.category(), first.subCategory(), first.correlationId(),
                failed.size() + (failed.size() == 1 ? " input" : " inputs") + " of the batch failed (" + failed.keySet() + "): "
                        + first.hubspotMessage(), List.of(), failed.values().stream().anyMatch(HubSpotApiException::retryable), null);
        this.failed = Map.copyOf(failed);
    }

    /** Input → its error. */
    public Map<?, HubSpotApiException> failed() {
        return failed;
    }
}
