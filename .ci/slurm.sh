# Sourced by .ci/run: a single-node Slurm (slurmctld + slurmd, munge authentication) on localhost, started by
# hand (the CI machine has no systemd), so that the sweep tests submit real jobs through dask-jobqueue.
# Every daemon's PID is kept; stop_slurm (run from the EXIT trap) cancels jobs and stops them by PID: TERM,
# then KILL after 10 s.

SLURM_STATE=${SLURM_STATE:-/tmp/dryingsim-ci-slurm}

start_slurm() {
  mkdir -p "${SLURM_STATE}"
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends munge slurmctld slurmd slurm-client >/dev/null
  fi
  local real memory
  real=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  memory=$((real - 256))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  cat >/etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=${memory} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  cp /run/munge/munged.pid "${SLURM_STATE}/munged.pid"
  munge -n | unmunge >/dev/null
  setsid slurmctld -D -c >"${SLURM_STATE}/slurmctld.out" 2>&1 &
  echo $! >"${SLURM_STATE}/slurmctld.pid"
  setsid slurmd -D -N localhost >"${SLURM_STATE}/slurmd.out" 2>&1 &
  echo $! >"${SLURM_STATE}/slurmd.pid"
  local waited=0
  until [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "${waited}" -ge 60 ]; then
      echo "Slurm did not reach 'idle' in 30 s; its logs:" >&2
      cat /var/log/slurm/*.log "${SLURM_STATE}"/*.out >&2 || true
      return 1
    fi
  done
  echo "Slurm is up: $(sinfo -h -o '%P %D %T %c CPUs %m MB')"
}

stop_slurm() {
  scancel --user="$(id -un)" 2>/dev/null || true
  local name pid
  for name in slurmd slurmctld munged; do
    [ -f "${SLURM_STATE}/${name}.pid" ] || continue
    pid=$(cat "${SLURM_STATE}/${name}.pid")
    kill -TERM "${pid}" 2>/dev/null || continue
    for _ in $(seq 20); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "${pid}" 2>/dev/null || true
  done
}
