# device_init on the bad-driver run.  Expected, from the trace by hand:
#  50   balloon: notify stats in state checked (as in boot-cloud)
#  2224 rng mode 3: notify before DRIVER_OK (state checked)
#       mode 0 (lines 2225-2380): correct, nothing reported
#  2395 mode 2: 0xb then 0xf with no status re-read (state features)
#  2431 mode 4: DRIVER (0x2) straight after reset; the instance ignores it and
#       stays in reset, so 0x3, 0xb, 0xf, 0xb (a bit cleared without reset)
#       and 0xf (2432 2434 2437 2438 2445) are each refused in reset too
#  2479 mode 1: DRIVER_OK (0x7) before FEATURES_OK (state driver)
#  2494 the trace ends after a re-registration wrote ACKNOWLEDGE: pending.
# needs: shared
$ specmon check --history 0 examples/virtio-status.sm shared/traces/lab/bad-driver/live_pipe.txt 2>/dev/null | grep -v "^  allowed"
shared/traces/lab/bad-driver/live_pipe.txt:50: 6.847608 violation of device_init[dev=0]: notify(dev=0, vq=2, vqname=stats) in state checked
shared/traces/lab/bad-driver/live_pipe.txt:2224: 10.069308 violation of device_init[dev=1]: notify(dev=1, vq=0, vqname=badinput) in state checked
shared/traces/lab/bad-driver/live_pipe.txt:2395: 10.920005 violation of device_init[dev=1]: set_status(dev=1, status=0xf) in state features
shared/traces/lab/bad-driver/live_pipe.txt:2431: 11.339788 violation of device_init[dev=1]: set_status(dev=1, status=0x2) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2432: 11.339846 violation of device_init[dev=1]: set_status(dev=1, status=0x3) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2434: 11.339940 violation of device_init[dev=1]: set_status(dev=1, status=0xb) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2437: 11.340031 violation of device_init[dev=1]: set_status(dev=1, status=0xf) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2438: 11.340250 violation of device_init[dev=1]: set_status(dev=1, status=0xb) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2445: 11.340590 violation of device_init[dev=1]: set_status(dev=1, status=0xf) in state reset
shared/traces/lab/bad-driver/live_pipe.txt:2479: 11.760255 violation of device_init[dev=1]: set_status(dev=1, status=0x7) in state driver
shared/traces/lab/bad-driver/live_pipe.txt:2494: 12.085066 pending device_init[dev=1]: in state acked at the end of input, which is not final (final: reset live failed)
