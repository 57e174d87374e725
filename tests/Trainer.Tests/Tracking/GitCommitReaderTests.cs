using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class GitCommitReaderTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string GitDirectory(string head)
    {
        string git = Path.Combine(_temp.Path, "repo", ".git");
        Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
        File.WriteAllText(Path.Combine(git, "HEAD"), head + "\n");
        return git;
    }

    [Test]
    public void A_branch_with_a_loose_ref_gives_its_commit_from_a_subdirectory()
    {
        string git = GitDirectory("ref: refs/heads/main");
        File.WriteAllText(Path.Combine(git, "refs", "heads", "main"), Sha + "\n");
        string nested = Path.Combine(_temp.Path, "repo", "Trainer");
        Directory.CreateDirectory(nested);

        var head = GitCommitReader.Read(nested);

        Assert.That(head, Is.EqualTo(new GitCommitReader.GitHead(Sha, "main")));
    }

    [Test]
    public void A_packed_ref_is_found()
    {
        string git = GitDirectory("ref: refs/heads/feature/x");
        File.WriteAllText(Path.Combine(git, "packed-refs"), $"# pack-refs with: peeled fully-peeled sorted\n{Sha} refs/heads/feature/x\n");

        Assert.That(GitCommitReader.Read(Path.Combine(_temp.Path, "repo"))?.Commit, Is.EqualTo(Sha));
    }

    [Test]
    public void A_detached_head_is_the_commit_itself()
    {
        GitDirectory(Sha);

        Assert.That(GitCommitReader.Read(Path.Combine(_temp.Path, "repo")), Is.EqualTo(new GitCommitReader.GitHead(Sha, null)));
    }

    [Test]
    public void A_linked_worktree_follows_the_gitdir_file_and_commondir()
    {
        string common = Path.Combine(_temp.Path, "main", ".git");
        string worktreeGit = Path.Combine(common, "worktrees", "wt");
        Directory.CreateDirectory(worktreeGit);
        Directory.CreateDirectory(Path.Combine(common, "refs", "heads"));
        File.WriteAllText(Path.Combine(common, "refs", "heads", "topic"), Sha);
        File.WriteAllText(Path.Combine(worktreeGit, "HEAD"), "ref: refs/heads/topic\n");
        File.WriteAllText(Path.Combine(worktreeGit, "commondir"), "../..\n");
        string worktree = Path.Combine(_temp.Path, "wt");
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {worktreeGit}\n");

        Assert.That(GitCommitReader.Read(worktree), Is.EqualTo(new GitCommitReader.GitHead(Sha, "topic")));
    }

    [Test]
    public void Outside_a_repository_there_is_no_commit()
    {
        Assert.That(GitCommitReader.Read(_temp.Path), Is.Null);
    }
}
