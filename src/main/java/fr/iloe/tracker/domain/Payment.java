package fr.iloe.tracker.domain;

import java.time.LocalDate;

/** Compensation paid to the SIEG (an advance or a balance), in integer cents, on a day. */
public record Payment(String id, LocalDate day, long cents, String note) {}
