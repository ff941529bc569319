using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tests.Access;

/// <summary>rules.md §5.9: personal data is masked in lists and logs.</summary>
public sealed class PersonalDataMaskingTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("138 1234 5678", "138 **** 5678")]
    [InlineData("+86 13812345678", "+86 138****5678")]
    [InlineData("008613812345678", "0086138****5678")]
    [InlineData("0953-5012345", "095*-***2345")]
    [InlineData("12345", "***45")]
    public void Phone_keeps_the_first_three_and_last_four_digits(string phone, string masked)
    {
        Assert.Equal(masked, PersonalData.Mask(PersonalDataField.Phone, phone));
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("王小明", "王**")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("阿依古丽·买买提", "阿***·***")]
    [InlineData("Li Wei", "L* ***")]
    public void Name_keeps_the_surname(string name, string masked)
    {
        Assert.Equal(masked, PersonalData.Mask(PersonalDataField.Name, name));
    }

    [Theory]
    [InlineData("宁夏吴忠市红寺堡区红寺堡镇新民村3组12号", "宁夏吴忠市红寺堡区红寺堡镇****")]
    [InlineData("河南省濮阳市华龙区中原路街道人民路88号3单元", "河南省濮阳市华龙区中原路街道****")]
    [InlineData("四川省达州市渠县渠江街道东大街15号", "四川省达州市渠县渠江街道****")]
    [InlineData("湖口县双钟镇石钟山大道1号", "湖口县双钟镇****")]
    [InlineData("吴忠市利通区友谊小区5号楼", "吴忠市利通区****")]
    [InlineData("吴忠市幸福小区5号楼", "吴忠市****")]
    [InlineData("人民路88号", "****")]
    [InlineData("华龙区", "华龙区")]
    public void Address_is_masked_after_the_district_or_town(string address, string masked)
    {
        Assert.Equal(masked, PersonalData.Mask(PersonalDataField.Address, address));
    }

    [Fact]
    public void Id_number_keeps_the_region_and_last_four()
    {
        Assert.Equal("640303********123X", PersonalData.Mask(PersonalDataField.IdNumber, "64030319900101123X"));
    }

    [Fact]
    public void Text_and_logs_see_only_the_mask()
    {
        var phone = new PersonalData(PersonalDataField.Phone, "13812345678");

        Assert.Equal("138****5678", phone.ToString());
        Assert.Equal("caller 138****5678", $"caller {phone}");
        Assert.Equal("", PersonalData.Mask(PersonalDataField.Name, "  "));
    }
}
