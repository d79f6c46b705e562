"""Reads TensorBoard event files back with TensorBoard's own readers (TensorBoardSinkTest).

    python read_events.py LOGDIR
prints, for each run directory under LOGDIR that holds event files:
    raw RUN TAG STEP VALUE_HEX     every scalar, in file order, from EventFileLoader (checks both CRCs)
    acc RUN TAG STEP VALUE_HEX     what EventAccumulator keeps (after purging orphaned steps at a restart)
    img RUN TAG STEP WIDTH HEIGHT NBYTES
VALUE_HEX is float.hex of the float32 value, so the comparison in Java is exact.
"""
import glob
import os
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.util import tensor_util


def main(logdir):
    runs = sorted({os.path.dirname(f) for f in glob.glob(os.path.join(logdir, "**", "*tfevents*"), recursive=True)})
    for run in runs:
        name = os.path.relpath(run, logdir)
        for path in sorted(glob.glob(os.path.join(run, "*tfevents*"))):
            for event in EventFileLoader(path).Load():
                for v in event.summary.value:
                    # The loader migrates simple_value to a scalar float32 tensor (data_compat); accept both.
                    if v.HasField("simple_value"):
                        print("raw", name, v.tag, event.step, float(v.simple_value).hex())
                    elif v.HasField("tensor") and v.metadata.plugin_data.plugin_name == "scalars":
                        print("raw", name, v.tag, event.step, float(tensor_util.make_ndarray(v.tensor).item()).hex())
        acc = event_accumulator.EventAccumulator(run, size_guidance={event_accumulator.SCALARS: 0,
                                                                     event_accumulator.IMAGES: 0})
        acc.Reload()
        for tag in sorted(acc.Tags()["scalars"]):
            for s in acc.Scalars(tag):
                print("acc", name, tag, s.step, float(s.value).hex())
        for tag in sorted(acc.Tags()["images"]):
            for i in acc.Images(tag):
                print("img", name, tag, i.step, i.width, i.height, len(i.encoded_image_string))


if __name__ == "__main__":
    main(sys.argv[1])
