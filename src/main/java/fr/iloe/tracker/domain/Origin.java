package fr.iloe.tracker.domain;

/** Where an IN load was collected: a collection point of the site and/or the INSEE code of its commune. */
public record Origin(String point, String insee) {}
