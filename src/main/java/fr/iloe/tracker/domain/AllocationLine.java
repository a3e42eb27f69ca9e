package fr.iloe.tracker.domain;

/**
 * Kilograms of one ticket credited to one partner for one activity. {@code mode} is the fate of an OUT lot
 * (null while pending and for IN tickets). Compensating lines are negative.
 */
public record AllocationLine(Activity activity, String partner, Mode mode, long kg) {}
