package io.metaingest.toolkit;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Lazy, ordered, sequential streams over iterators. */
final class Streams {

    private Streams() {
    }

    static <T> Stream<T> of(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }
}
