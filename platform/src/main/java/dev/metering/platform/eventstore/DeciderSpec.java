package dev.metering.platform.eventstore;

import dev.metering.platform.error.DomainException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then specifications for a {@link Decider}, framework-free (failures are
 * {@link AssertionError}s, so any test runner reports them):
 *
 * <pre>{@code
 * DeciderSpec.of(decider).given(created, renamed).when(command).then(expectedEvent);
 * DeciderSpec.of(decider).given(created).when(command).thenRefused(Kind.CONFLICT, "code");
 * }</pre>
 */
public final class DeciderSpec<C, S, E> {

    private final Decider<C, S, E> decider;
    private final List<E> history;

    private DeciderSpec(Decider<C, S, E> decider, List<E> history) {
        this.decider = decider;
        this.history = history;
    }

    public static <C, S, E> DeciderSpec<C, S, E> of(Decider<C, S, E> decider) {
        return new DeciderSpec<>(decider, List.of());
    }

    @SafeVarargs
    public final DeciderSpec<C, S, E> given(E... events) {
        return new DeciderSpec<>(decider, List.copyOf(Arrays.asList(events)));
    }

    public DeciderSpec<C, S, E> given(List<E> events) {
        return new DeciderSpec<>(decider, List.copyOf(events));
    }

    /** The state the given events fold to. */
    public S state() {
        return decider.fold(history);
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
            List<E> actual = decide();
            if (!actual.equals(List.of(expected))) {
                throw new AssertionError("given " + history + "\nwhen " + command + "\nexpected " + List.of(expected)
                        + "\nbut got  " + actual);
            }
            return actual;
        }

        /** The decided events, for assertions the caller writes itself. */
        public List<E> decide() {
            try {
                return decider.decide(command, state());
            } catch (DomainException e) {
                throw new AssertionError("given " + history + "\nwhen " + command + "\nexpected events but was refused: "
                        + e.code() + " " + e.getMessage(), e);
            }
        }

        /** The state after folding the decided events onto the given ones. */
        public S thenState() {
            return decider.fold(state(), decide());
        }

        /** Asserts the command is refused with this kind and code; returns the refusal. */
        public DomainException thenRefused(DomainException.Kind kind, String code) {
            List<E> events;
            try {
                events = decider.decide(command, state());
            } catch (DomainException e) {
                if (e.kind() != kind || !Objects.equals(e.code(), code)) {
                    throw new AssertionError("given " + history + "\nwhen " + command + "\nexpected refusal " + kind
                            + " " + code + "\nbut was  " + e.kind() + " " + e.code() + ": " + e.getMessage(), e);
                }
                return e;
            }
            throw new AssertionError("given " + history + "\nwhen " + command + "\nexpected refusal " + kind + " "
                    + code + "\nbut decided " + events);
        }
    }
}
