package io.metaingest.testkit;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a processor did with each record its source gave it. The runtime counts a processor's results
 * in totals only, and a processor may emit any number of records per input, so totals cannot show that
 * it dropped some inputs without a word; here the workflow's source and processor, made by one injector
 * as the runtime makes them, are driven record by record. An input is accounted for by any result the
 * runtime counts: passed on ({@code Result.ok}), filtered with a reason, failed, or a warning (which
 * tells the user why nothing came of it, as OpenMetadata's query parser does for a query it cannot
 * parse); only an input that gives no result at all is dropped silently.
 *
 * @param inputs how many records the source passed on to the processor
 * @param silent the inputs (by key) for which the processor returned no result at all
 * @param nulls the inputs (by key) for which it returned null, which the runtime records as their failure
 */
record ProcessorAccounting(long inputs, List<String> silent, List<String> nulls) {

    /**
     * Drives the loaded workflow's source into its processor. An input the processor throws on, or
     * returns null for, counts as accounted: the runtime records a failure for it.
     */
    static ProcessorAccounting of(LoadedWorkflow workflow) throws Exception {
        com.google.inject.Injector injector = RuntimeAccess.injector(workflow);
        StepConfig<Processor<Object, ?>> declared = workflow.processor().orElseThrow();
        long inputs = 0;
        List<String> silent = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        try (Processor<Object, ?> processor = declared.step().spec().adapt(
                RuntimeAccess.create(injector, declared.step().spec().stepClass()));
             Source<?> source = RuntimeAccess.create(injector, workflow.sourceClass());
             Stream<? extends Result<?>> records = source.read()) {
            for (Iterator<? extends Result<?>> it = records.iterator(); it.hasNext(); ) {
                if (!(it.next() instanceof Result.Ok<?> ok)) {
                    continue;
                }
                inputs++;
                Object record = ok.record();
                try (Stream<? extends Result<?>> outputs = processor.process(record)) {
                    if (outputs == null) {
                        nulls.add(key(record));
                    } else if (outputs.findAny().isEmpty()) {
                        silent.add(key(record));
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                        throw e; // the kit's bound expired: stop, rather than wait again on the next record
                    }
                    // otherwise the runtime records it as this record's failure
                }
            }
        }
        return new ProcessorAccounting(inputs, List.copyOf(silent), List.copyOf(nulls));
    }

    /** A record's name as the runtime names it in failures. */
    private static String key(Object record) {
        return record instanceof EntityRequest entity ? entity.key() : String.valueOf(record);
    }
}
