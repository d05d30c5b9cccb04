using StreamSwarm.Core.Media;

namespace StreamSwarm.Core.Tests.Media;

public class MediaNamesTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("show-1_720p")]
    public void IsValid_AcceptsLowerCaseLettersDigitsDashUnderscore(string name) => Assert.True(MediaNames.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Demo")]
    [InlineData("-demo")]
    [InlineData("_demo")]
    [InlineData("de mo")]
    [InlineData("de/mo")]
    [InlineData("..")]
    [InlineData("demo%2f")]
    [InlineData("d\u00e9mo")]
    public void IsValid_RefusesAnythingElse(string? name) => Assert.False(MediaNames.IsValid(name));

    [Fact]
    public void IsValid_RefusesNamesPastMaxLength()
    {
        Assert.True(MediaNames.IsValid(new string('a', MediaNames.MaxLength)));
        Assert.False(MediaNames.IsValid(new string('a', MediaNames.MaxLength + 1)));
    }

    [Fact]
    public void Describe_SaysWhatIsWrongOnlyForBadNames()
    {
        Assert.Null(MediaNames.Describe("demo", "Stream"));
        var message = MediaNames.Describe("Bad Name", "Stream");
        Assert.NotNull(message);
        Assert.Contains("Stream name 'Bad Name' is invalid", message, StringComparison.Ordinal);
    }
}
