using System.Net;
using k8s.LeaderElection;

namespace Operator.Tests.Runtime.Sharding;

/// <summary>
/// One Lease as <see cref="ILock"/> sees it, held in memory: absent (404) until created, each write checked against the
/// version last read (a write after someone else's answers false, as a 409 does through LeaseLock). <see cref="Fault"/>
/// runs before every call, to make it throw or hang.
/// </summary>
internal sealed class FakeLeaseLock(string identity) : ILock
{
    private int _version;
    private int _readVersion = -1;

    public LeaderElectionRecord? Record { get; private set; }

    public Func<CancellationToken, Task>? Fault { get; set; }

    public int Writes { get; private set; }

    public string Identity => identity;

    public string Describe() => "ns/lease-shard-0";

    /// <summary>Another party writes the Lease (a version the holder has not read).</summary>
    public void WriteAsOther(string holder, DateTime renewTime, int durationSeconds = 15) =>
        (Record, _version) = (new LeaderElectionRecord
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = durationSeconds,
            AcquireTime = renewTime,
            RenewTime = renewTime,
            LeaderTransitions = (Record?.LeaderTransitions ?? 0) + 1,
        }, _version + 1);

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        await (Fault?.Invoke(cancellationToken) ?? Task.CompletedTask);
        _readVersion = _version;
        return Record is null ? throw ApiFailures.Http(HttpStatusCode.NotFound) : Copy(Record);
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        await (Fault?.Invoke(cancellationToken) ?? Task.CompletedTask);
        if (Record is not null)
        {
            return false;
        }

        return Write(record);
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        await (Fault?.Invoke(cancellationToken) ?? Task.CompletedTask);
        return _readVersion == _version && Write(record);
    }

    private bool Write(LeaderElectionRecord record)
    {
        (Record, _version, _readVersion) = (Copy(record), _version + 1, _version + 1);
        Writes++;
        return true;
    }

    private static LeaderElectionRecord Copy(LeaderElectionRecord r) => new()
    {
        HolderIdentity = r.HolderIdentity,
        LeaseDurationSeconds = r.LeaseDurationSeconds,
        AcquireTime = r.AcquireTime,
        RenewTime = r.RenewTime,
        LeaderTransitions = r.LeaderTransitions,
    };
}
