package io.hubjira.hubspottojira;

import java.util.LinkedHashMap;
import java.util.Map;

import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Component;

/**
 * Runs the scheduled poll now, on request: it fires the hubspot-poll job of the clustered Quartz store, so the run
 * happens once across all instances and never overlaps a run in progress (it waits for it, then runs).
 */
@Component
public class PollTrigger {

    /** camel-quartz names the job after the endpoint: quartz:connector/hubspot-poll. */
    static final JobKey POLL_JOB = JobKey.jobKey("hubspot-poll", "connector");

    private final Scheduler scheduler;

    public PollTrigger(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public Map<String, Object> runNow() {
        try {
            if (!scheduler.checkExists(POLL_JOB)) {
                throw new IllegalStateException("The hubspot-poll job is not scheduled (is the hubspot-poll route running?).");
            }
            boolean running = scheduler.getCurrentlyExecutingJobs().stream().anyMatch(j -> j.getJobDetail().getKey().equals(POLL_JOB));
            scheduler.triggerJob(POLL_JOB);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", running ? "queued" : "started");
            answer.put("message", running ? "A poll is running on this instance; the requested one follows it."
                    : "The poll runs now for every enabled synchronized item; see each item's health for the outcome.");
            return answer;
        } catch (SchedulerException e) {
            throw new IllegalStateException("The poll could not be started: " + e.getMessage(), e);
        }
    }
}
