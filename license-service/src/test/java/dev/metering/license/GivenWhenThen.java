package dev.metering.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.license.LicenseEvent;
import dev.metering.platform.error.DomainException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** given(events).when(command).then(events) for a pure decider; a refusal changes nothing by construction. */
public final class GivenWhenThen<C, S> {

    private final Function<List<LicenseEvent>, S> fold;
    private final BiFunction<C, S, List<LicenseEvent>> decide;

    public GivenWhenThen(Function<List<LicenseEvent>, S> fold, BiFunction<C, S, List<LicenseEvent>> decide) {
        this.fold = fold;
        this.decide = decide;
    }

    public Given given(LicenseEvent... history) {
        return new Given(List.of(history));
    }

    public final class Given {
        private final List<LicenseEvent> history;

        Given(List<LicenseEvent> history) {
            this.history = history;
        }

        public S state() {
            return fold.apply(history);
        }

        public Then when(C command) {
            S state = state();
            try {
                return new Then(history, decide.apply(command, state), null);
            } catch (DomainException e) {
                return new Then(history, null, e);
            }
        }
    }

    public final class Then {
        private final List<LicenseEvent> history;
        private final List<LicenseEvent> events;
        private final DomainException refusal;

        Then(List<LicenseEvent> history, List<LicenseEvent> events, DomainException refusal) {
            this.history = history;
            this.events = events;
            this.refusal = refusal;
        }

        public Then then(LicenseEvent... expected) {
            assertThat(refusal).as("refusal").isNull();
            assertThat(events).containsExactly(expected);
            return this;
        }

        public Then thenNothingHappens() {
            assertThat(refusal).as("refusal").isNull();
            assertThat(events).isEmpty();
            return this;
        }

        public DomainException thenRefused(DomainException.Kind kind, String code) {
            assertThat(refusal).as("the command must be refused with " + code + " but produced " + events)
                    .isNotNull();
            assertThat(refusal.kind()).isEqualTo(kind);
            assertThat(refusal.code()).isEqualTo(code);
            assertThat(refusal.getMessage()).isNotBlank();
            return refusal;
        }

        public List<LicenseEvent> events() {
            assertThat(refusal).as("refusal").isNull();
            return events;
        }

        /** The state after the new events, to assert on queries. */
        public S state() {
            List<LicenseEvent> all = new java.util.ArrayList<>(history);
            all.addAll(events());
            return fold.apply(all);
        }
    }

    @SafeVarargs
    public static <T> List<T> list(T... items) {
        return Arrays.asList(items);
    }
}
