package io.lodestone.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** One key's outcome of invokeAll: the processor's result, or the exception it ended with. */
public final class EntryProcessorResultImpl<T> implements EntryProcessorResult<T> {
    private final T result;
    private final EntryProcessorException failure;

    private EntryProcessorResultImpl(T result, EntryProcessorException failure) {
        this.result = result;
        this.failure = failure;
    }

    public static <T> EntryProcessorResultImpl<T> of(T result) {
        return new EntryProcessorResultImpl<>(result, null);
    }

    public static <T> EntryProcessorResultImpl<T> failed(Throwable failure) {
        return new EntryProcessorResultImpl<>(null, failure instanceof EntryProcessorException e
                ? e : new EntryProcessorException(failure));
    }

    @Override
    public T get() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
