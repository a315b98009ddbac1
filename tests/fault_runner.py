"""A batch run with a cheap stand-in annotator, started as a subprocess by tests/test_faults.py
so that it can be killed at any point (the batch machinery under test is the real one).

    python tests/fault_runner.py INPUT OUTPUT WORKERS SHARD_SIZE RESUME [MAX_FILE_BYTES]
"""

import resource
import sys
import time
from pathlib import Path

from pipeline.batch import OutputError, run_batch
from pipeline.io import read_inputs
from pipeline.schema import AnnotationRecord, error_record


class StandInAnnotator:
    """One record per document, a few milliseconds each: as the real annotator's stream, minus spaCy."""

    def __init__(self, seconds: float = 0.002):
        self.seconds = seconds

    def annotate_stream(self, documents, spill=False):
        for doc in documents:
            time.sleep(self.seconds)
            if doc.error is not None:
                yield error_record(doc.doc_id, doc.error[0], doc.error[1], doc.source)
            else:
                yield AnnotationRecord(doc_id=doc.doc_id, source=doc.source, text=doc.text)


def main(argv: list[str]) -> int:
    source, output, workers, shard_size, resume = argv[:5]
    if len(argv) > 5:  # simulate a full disk: writes past this size fail with EFBIG (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(argv[5]), int(argv[5])))
    try:
        stats = run_batch(read_inputs([source]), Path(output), StandInAnnotator, workers=int(workers),
                          shard_size=int(shard_size) or None, resume=resume == "1", chunk_size=8, progress=False)
    except OutputError as exc:
        print(f"output error: {exc.strerror}", file=sys.stderr)
        return 3
    return 0 if not stats.interrupted else 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
