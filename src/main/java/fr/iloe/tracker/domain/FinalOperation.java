package fr.iloe.tracker.domain;

/**
 * What the destination finally did with part of a lot sent under a non-final code (interface.md): a final
 * operation code, its mode, and the kilograms it covers.
 */
public record FinalOperation(OperationCode operation, Mode mode, long kg) {}
