package io.lodestone.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Database#expectKeys}: a load sizes the slot tables it fills at once, and only those. */
class SizeHintTest {
    @TempDir
    Path dir;

    private static int slotOf(String key) {
        return Slots.slotOf(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tablesCreatedUnderAHintStartLargeEnoughForTheirShare() {
        EngineHarness h = new EngineHarness();
        Database db = h.engine().keyspace().db(0);
        db.expectKeys(1_000_000); // 62 keys a slot: 128 keeps them under the 3/4 load limit
        h.exec("SET", "a", "1");
        assertEquals(128, db.tableCapacity(slotOf("a")));
        db.expectKeys(0);
        h.exec("SET", "b", "1");
        assertEquals(SlotTable.MIN_CAPACITY, db.tableCapacity(slotOf("b")));
        db.expectKeys(Long.MAX_VALUE);
        h.exec("SET", "c", "1");
        assertEquals(1 << 16, db.tableCapacity(slotOf("c")), "capped");
    }

    @Test
    void anRdbLoadUsesTheFilesResizedbHintThenDropsIt() throws Exception {
        EngineConfig config = EngineConfig.defaults();
        config.setDir(dir.toString());
        EngineHarness h = new EngineHarness(config);
        // 80,000 keys, about 5 a slot: the hint makes every table start at 8, where a table grown
        // one key at a time stays at 4 up to 3 keys
        for (int i = 0; i < 80_000; i++) {
            h.exec("SET", "k" + i, "v");
        }
        h.exec("SAVE");

        EngineHarness fresh = new EngineHarness(config);
        fresh.engine().rdb().loadAtStartup();
        Database db = fresh.engine().keyspace().db(0);
        assertEquals(80_000, db.size());
        int sparse = -1;
        for (int slot = 0; slot < Slots.COUNT && sparse < 0; slot++) {
            int keys = db.countKeysInSlot(slot);
            if (keys > 0 && keys <= 3) {
                sparse = slot;
            }
        }
        assertEquals(8, db.tableCapacity(sparse), "slot " + sparse + " was sized by the hint");
        fresh.exec("FLUSHALL");
        fresh.exec("SET", "{fresh}", "v");
        assertEquals(SlotTable.MIN_CAPACITY, db.tableCapacity(slotOf("{fresh}")), "the hint is gone after the load");
    }
}
