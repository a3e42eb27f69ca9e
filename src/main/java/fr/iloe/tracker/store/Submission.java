package fr.iloe.tracker.store;

import fr.iloe.tracker.domain.Channel;
import fr.iloe.tracker.domain.Pass;
import java.time.Instant;

/** A pass that passed its own rules, waiting to be recorded, with how and when it arrived. */
public record Submission(Pass pass, Channel channel, Instant receivedAt) {}
