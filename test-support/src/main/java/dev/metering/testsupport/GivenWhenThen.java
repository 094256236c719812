package dev.metering.testsupport;

import dev.metering.platform.error.DomainException;
import dev.metering.platform.eventstore.Decider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one given/when/then helper for a pure decider (failures are {@link AssertionError}s naming the history,
 * the command, what was expected and what happened):
 *
 * <pre>{@code
 * GivenWhenThen.of(decider).given(created, renamed).when(command).then(expectedEvent);
 * GivenWhenThen.of(decider).given(created).when(command).thenRefused(Kind.CONFLICT, "code");
 * spec.given(created).when(command).state();   // the state after the decided events
 * }</pre>
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public final class GivenWhenThen<C, S, E> {

    private final Function<List<E>, S> fold;
    private final BiFunction<C, S, List<E>> decide;
    private final List<E> history;

    /** For a decider given as its fold (all events from the initial state) and its decide function. */
    public GivenWhenThen(Function<List<E>, S> fold, BiFunction<C, S, List<E>> decide) {
        this(fold, decide, List.of());
    }

    private GivenWhenThen(Function<List<E>, S> fold, BiFunction<C, S, List<E>> decide, List<E> history) {
        this.fold = fold;
        this.decide = decide;
        this.history = history;
    }

    public static <C, S, E> GivenWhenThen<C, S, E> of(Decider<C, S, E> decider) {
        return new GivenWhenThen<>(events -> decider.fold(events), decider::decide);
    }

    @SafeVarargs
    public final GivenWhenThen<C, S, E> given(E... events) {
        return new GivenWhenThen<>(fold, decide, List.copyOf(Arrays.asList(events)));
    }

    public GivenWhenThen<C, S, E> given(List<E> events) {
        return new GivenWhenThen<>(fold, decide, List.copyOf(events));
    }

    /** The state the given events fold to. */
    public S state() {
        return fold.apply(history);
    }

    public When when(C command) {
        return new When(command);
    }

    public final class When {
        private final C command;

        private When(C command) {
            this.command = command;
        }

        /** Asserts the command decides exactly these events (in order) and returns them. */
        @SafeVarargs
        public final List<E> then(E... expected) {
            List<E> actual = events();
            if (!actual.equals(List.of(expected))) {
                throw new AssertionError(context() + "\nexpected " + List.of(expected) + "\nbut got  " + actual);
            }
            return actual;
        }

        /** Asserts the command is accepted and decides nothing. */
        public void thenNothingHappens() {
            then();
        }

        /** The decided events (asserting the command is not refused), for assertions the caller writes itself. */
        public List<E> events() {
            try {
                return decide.apply(command, GivenWhenThen.this.state());
            } catch (DomainException e) {
                throw new AssertionError(context() + "\nexpected events but was refused: " + e.code() + " "
                        + e.getMessage(), e);
            }
        }

        /** The state after folding the decided events onto the given ones. */
        public S state() {
            List<E> all = new ArrayList<>(history);
            all.addAll(events());
            return fold.apply(all);
        }

        /** Asserts the command is refused with this kind and code (and a message); returns the refusal. */
        public DomainException thenRefused(DomainException.Kind kind, String code) {
            List<E> events;
            try {
                events = decide.apply(command, GivenWhenThen.this.state());
            } catch (DomainException e) {
                if (e.kind() != kind || !Objects.equals(e.code(), code)) {
                    throw new AssertionError(context() + "\nexpected refusal " + kind + " " + code + "\nbut was  "
                            + e.kind() + " " + e.code() + ": " + e.getMessage(), e);
                }
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError(context() + "\nrefusal " + code + " carries no message", e);
                }
                return e;
            }
            throw new AssertionError(context() + "\nexpected refusal " + kind + " " + code + "\nbut decided " + events);
        }

        private String context() {
            return "given " + history + "\nwhen " + command;
        }
    }
}
