package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StepSpecTest {

    record NoConfig() {
    }

    static final class Upper implements Processor<String, String> {
        @Override
        public Stream<Result<String>> process(String record) {
            return Stream.of(Result.ok(record.toUpperCase()));
        }
    }

    static final class Lines implements Sink<String> {
        final List<String> lines = new ArrayList<>();

        @Override
        public WriteOutcome write(String record) {
            lines.add(record);
            return WriteOutcome.UPDATED;
        }

        @Override
        public long confirmed() {
            return 42;
        }

        @Override
        public boolean complete(boolean keep) {
            return !keep;
        }

        @Override
        public String destination() {
            return "lines";
        }
    }

    @Test
    void theSinkViewForwardsEveryMethodOfSink() throws Exception {
        Lines lines = new Lines();
        Sink<Object> view = StepSpec.sink("lines", Lines.class, String.class, NoConfig.class, "/x.json").adapt(lines);
        // A method added to Sink must be forwarded too, or a sink's own behaviour is lost behind the view.
        for (Method method : Sink.class.getMethods()) {
            if (!method.isSynthetic()) {
                assertThat(Arrays.stream(view.getClass().getDeclaredMethods()).map(Method::getName))
                        .as("forwarded by the sink view").contains(method.getName());
            }
        }
        assertThat(view.write("a")).isEqualTo(Sink.WriteOutcome.UPDATED);
        assertThat(view.confirmed()).isEqualTo(42);
        assertThat(view.complete(true)).isFalse();
        assertThat(view.destination()).isEqualTo("lines");
        assertThat(lines.lines).containsExactly("a");
    }

    @Test
    void aRecordOfAnotherTypeFailsNamingBothTypes() {
        Processor<Object, ?> view = StepSpec.processor("upper", Upper.class, String.class, NoConfig.class, "/x.json")
                .adapt(new Upper());
        assertThatThrownBy(() -> view.process(42)).isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(UserFacingMessage.class) // shown without its class name
                .hasMessage("step 'upper' accepts String records, not Integer: the step before it emits Integer (a"
                        + " connector's mistake, or a processor missing that turns one into the other)");
    }

    @Test
    void aNonPublicJdkClassIsNamedByThePublicInterfaceAUserKnows() {
        Processor<Object, ?> view = StepSpec.processor("upper", Upper.class, String.class, NoConfig.class, "/x.json")
                .adapt(new Upper());
        assertThatThrownBy(() -> view.process(java.util.Map.of("a", 1))).isInstanceOf(WrongRecordType.class)
                .hasMessageStartingWith("step 'upper' accepts String records, not Map: the step before it emits Map (")
                .satisfies(e -> assertThat(((WrongRecordType) e).emitted()).isEqualTo("Map"));
        assertThat(WrongRecordType.typeName(java.util.List.of(1).getClass())).isEqualTo("List");
        assertThat(WrongRecordType.typeName(java.util.ArrayList.class)).isEqualTo("ArrayList");
    }

    @Test
    void aDeclarationNeedsItsParts() {
        assertThatThrownBy(() -> StepSpec.sink(" ", Lines.class, String.class, NoConfig.class, "/x.json"))
                .hasMessage("a step type needs a name");
        assertThatThrownBy(() -> StepSpec.sink("lines", Lines.class, String.class, NoConfig.class, null))
                .hasMessage("configSchema of lines");
    }
}
