package io.lodestone.jcache.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import javax.cache.CacheException;

/** Plain Java serialisation for every object: the portable choice when every value is Serializable. */
public class JavaSerializationCodec implements Codec {
    @Override
    public byte[] encode(Object value, int headroom) {
        return serialize(value, headroom);
    }

    @Override
    public Object decode(byte[] data, int offset, ClassLoader classLoader) {
        return deserialize(data, offset, classLoader);
    }

    /** Java serialisation of {@code value} after {@code headroom} zero bytes. */
    static byte[] serialize(Object value, int headroom) {
        HeadroomStream bytes = new HeadroomStream(headroom);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new CacheException("cannot serialize " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] data, int offset, ClassLoader classLoader) {
        InputStream in = new ByteArrayInputStream(data, offset, data.length - offset);
        try (ObjectInputStream objects = new LoaderObjectInputStream(in, classLoader)) {
            return objects.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cannot deserialize a cached object", e);
        }
    }

    /** Resolves classes through the cache manager's class loader first. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (classLoader != null) {
                try {
                    return Class.forName(desc.getName(), false, classLoader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution (primitives, the JDK's own classes)
                }
            }
            return super.resolveClass(desc);
        }
    }

    /** A ByteArrayOutputStream that starts with {@code headroom} zero bytes. */
    private static final class HeadroomStream extends ByteArrayOutputStream {
        HeadroomStream(int headroom) {
            super(headroom + 128);
            count = headroom;
        }
    }
}
