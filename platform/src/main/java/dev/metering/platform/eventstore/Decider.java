package dev.metering.platform.eventstore;

import java.util.List;

/**
 * A pure aggregate: its state is the left fold of {@link #evolve} over its events, starting at
 * {@link #initialState()}; a command is decided against that state into new events, or refused by
 * throwing a {@link dev.metering.platform.error.DomainException} with a clear message. No I/O, no
 * clock, no framework: whatever a decision needs (time, ids, other aggregates' facts) is in the command.
 *
 * @param <C> command type
 * @param <S> state type
 * @param <E> event type
 */
public interface Decider<C, S, E> {

    S initialState();

    S evolve(S state, E event);

    /** The events the command causes (empty when it changes nothing), or a {@code DomainException}. */
    List<E> decide(C command, S state);

    default S fold(List<? extends E> events) {
        return fold(initialState(), events);
    }

    default S fold(S state, List<? extends E> events) {
        S s = state;
        for (E e : events) {
            s = evolve(s, e);
        }
        return s;
    }
}
