package io.plumbline.jobs.drift;

import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/**
 * Every test of the drift stage again on RocksDB, which keeps only what is put back into state: a pane or
 * feature types changed in place and not written back would show here as a lost update.
 */
class DriftWindowFunctionOnRocksDbTest extends DriftWindowFunctionTest {

    @Override
    StateBackend stateBackend() {
        return new EmbeddedRocksDBStateBackend();
    }
}
