import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * What handing half a job to a second thread costs: the job on one thread, split over a fixed thread pool (the
 * worker parks between jobs), and split over a worker that polls. jmh/README.md quotes it ("Workers that spin").
 *
 *   taskset -c 0,1 java jmh/tools/micro/Handoff.java 200000   # ~150 µs jobs
 *   taskset -c 0,1 java jmh/tools/micro/Handoff.java 40000    # ~30 µs jobs
 */
public class Handoff {
    static volatile double sink;
    static volatile Runnable slot;
    static volatile boolean done;

    /** About n/4 additions in four independent chains (a CPU-bound job of a fixed size). */
    static double work(int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < n; i += 4) {
            s0 += i * 1e-9;
            s1 += (i + 1) * 1e-9;
            s2 += (i + 2) * 1e-9;
            s3 += (i + 3) * 1e-9;
        }
        return s0 + s1 + s2 + s3;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "200000");
        ExecutorService pool = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        Thread spinner = new Thread(() -> {
            while (true) {
                Runnable r;
                int spins = 0;
                while ((r = slot) == null) {
                    if (++spins > 200_000) LockSupport.parkNanos(50_000);
                    else Thread.onSpinWait();
                }
                slot = null;
                r.run();
                done = true;
            }
        });
        spinner.setDaemon(true);
        spinner.start();
        for (int rep = 0; rep < 6; rep++) {
            int jobs = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < jobs; i++) sink += work(2 * n);
            long t1 = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                Future<?> f = pool.submit(() -> { sink += work(n); });
                sink += work(n);
                f.get();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                done = false;
                slot = () -> { sink += work(n); };
                sink += work(n);
                while (!done) Thread.onSpinWait();
            }
            long t3 = System.nanoTime();
            System.out.printf("one thread %.1f us  pool %.1f us  polling worker %.1f us%n",
                    (t1 - t0) / 1e3 / jobs, (t2 - t1) / 1e3 / jobs, (t3 - t2) / 1e3 / jobs);
        }
    }
}
